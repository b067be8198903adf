"""Our own implementation of the qtpylib indicator helpers strategies import."""
