"""Demo data for trying the helpdesk: ``python manage.py seed_demo``.

Depends on the product's apps; none of them depends on this one.
"""
