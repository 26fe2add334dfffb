"""The benchmark: ``python -m bench`` (``make bench``)."""

# The signed-in floor's address (``bench/urls.py``), served beside the product's pages.
FLOOR_PATH = "/bench/signed-in-floor/"
