"""Running Min Vej's servers: the one-machine stack of `make run-scale` and the pieces the tests share."""
