"""The four steps of the guided setup: host → model → options → review. Thin views over
`WizardState`; they call its methods and re-render, nothing more."""
