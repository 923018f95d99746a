"""``python -m nnkit``: the same as the ``nnkit`` command."""

from nnkit.cli import main

if __name__ == "__main__":
    main(prog_name="nnkit")
