#!/usr/bin/env bash
# Qwen3-32B W8A8SC on two Atlas 300I DUO cards (4 chips, TP4) in the v0.18.0-310p image —
# the vllm-ascend tutorial's docker run, with the one change people make first: a longer context.
# Check it from anywhere:  duowiz check --host sim:300i-duo-96g:2 --command-file examples/deploy-qwen3-32b-tp4.sh
MODEL=/models/Qwen3-32B-w8a8sc-310-vllm-tp4
docker run --rm --name vllm-ascend --shm-size=10g \
    --device /dev/davinci0 --device /dev/davinci1 --device /dev/davinci2 --device /dev/davinci3 \
    --device /dev/davinci_manager --device /dev/devmm_svm --device /dev/hisi_hdc \
    -v /usr/local/dcmi:/usr/local/dcmi -v /usr/local/bin/npu-smi:/usr/local/bin/npu-smi \
    -v /usr/local/Ascend/driver/lib64/:/usr/local/Ascend/driver/lib64/ \
    -v /usr/local/Ascend/driver/version.info:/usr/local/Ascend/driver/version.info \
    -v /etc/ascend_install.info:/etc/ascend_install.info \
    -v $MODEL:$MODEL --net host -e ASCEND_RT_VISIBLE_DEVICES=0,1,2,3 \
    quay.io/ascend/vllm-ascend:v0.18.0-310p \
    vllm serve $MODEL --host 127.0.0.1 --port 8080 --tensor-parallel-size 4 \
        --gpu_memory_utilization 0.90 --max_num_seqs 32 --served_model_name qwen --dtype float16 \
        --additional-config '{"ascend_compilation_config": {"fuse_norm_quant": false}}' \
        --compilation-config '{"cudagraph_mode": "FULL_DECODE_ONLY", "cudagraph_capture_sizes": [16, 32]}' \
        --quantization ascend --max-model-len 32768 --no-enable-prefix-caching --load_format=sharded_state
