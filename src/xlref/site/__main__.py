import sys

from xlref.site.build import main

sys.exit(main())
