"""Allow ``python -m freqtrade``."""
from freqtrade.main import main

if __name__ == "__main__":
    main()
