"""Small display widgets of the guided setup; they render WizardState and hold none of it."""
