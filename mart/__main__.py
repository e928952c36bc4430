from mart.cli import main

raise SystemExit(main())
