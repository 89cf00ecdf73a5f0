"""Process exit codes, shared by every subcommand (documented in the README)."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    #: lookup: nothing matched; lint/config: findings remain.
    NOT_FOUND = 1
    FINDINGS = 1
    #: bad command line, or an input that cannot be read (missing, binary, unparseable).
    USAGE = 2
    INPUT_ERROR = 2
    #: lint --fix / config check --fix: a file was not written (refused or failed: owner, hard links, changed
    #: or vanished since it was read, I/O error) or its fixes did not converge; every other file was still
    #: processed and written.  Also: a closed standard input or output.
    WRITE_ERROR = 2
    #: the dataset itself is invalid (validator found problems).
    DATA_ERROR = 3
    #: host scan: at least one item needs a human decision (2 and 3 keep their meaning there too).
    NEEDS_HUMAN = 4
    INTERRUPTED = 130
