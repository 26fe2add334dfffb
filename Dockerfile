# The production image: gunicorn for web, the same image for the worker and beat.
FROM python:3.13-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY helpdesk ./helpdesk
COPY accounts ./accounts
COPY catalog ./catalog
COPY tickets ./tickets
COPY faq ./faq
COPY contacts ./contacts
COPY outbox ./outbox
COPY demo ./demo
RUN pip install .
COPY . .
RUN DJANGO_SECRET_KEY=build-only DJANGO_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput \
 && DJANGO_SECRET_KEY=build-only python manage.py compilemessages -i .venv -i node_modules
RUN useradd --create-home helpdesk && mkdir -p /app/var && chown helpdesk /app/var
USER helpdesk
ENV DJANGO_STATIC_ROOT=/app/staticfiles
EXPOSE 8000
CMD ["gunicorn", "helpdesk.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "30", "--access-logfile", "-"]
