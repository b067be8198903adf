"""The old import path of the qtpylib indicator helpers (now shipped by ``technical``)."""
