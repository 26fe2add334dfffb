from tests.hardening.conftest import world  # noqa: F401  (the same small world)
