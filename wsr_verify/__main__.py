import sys

from wsr_verify.cli import main

sys.exit(main())
