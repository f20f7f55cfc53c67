"""The `branchdesk` command: argument parsing, prompts and printing (nothing below this package
parses arguments, asks for a password or prints). `main.py` builds the parser and runs a command;
each module holds one area's commands and calls the same services as the window."""
