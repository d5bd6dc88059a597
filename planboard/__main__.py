import sys

from planboard.cli import main

sys.exit(main())
