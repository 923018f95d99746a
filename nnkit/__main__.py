"""``python -m nnkit``: the same as the ``nnkit`` command."""

from nnkit.cli import main

main(prog_name="nnkit")
