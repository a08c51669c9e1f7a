"""python -m warledger: the command line, for environments without the console script."""

from warledger.cli import app

app(prog_name="warledger")
