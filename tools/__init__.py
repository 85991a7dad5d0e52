"""Development tools: generators and update scripts for the data folders (not shipped)."""
