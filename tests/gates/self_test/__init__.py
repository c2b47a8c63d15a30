"""Each gate can fail: the gates' checks run on small fixture sites that break one rule each."""
