"""kehoach: compile plans written in YAML into official-format .docx documents."""
