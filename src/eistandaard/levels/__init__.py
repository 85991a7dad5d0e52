"""The control levels of the pipeline in order: intake, structure, relations, references, checks."""
