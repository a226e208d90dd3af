"""`python -m agentdesk.cli` runs the command line."""

import sys

from agentdesk.cli import main

sys.exit(main())
