# The API and the projector (same image, different command). Production reads MONGODB_URI
# (a MongoDB 8 replica set) and POSTGRES_DSN (PostgreSQL event store). What it installs is
# pinned, with hashes, by requirements.lock (scripts/lock.sh); psycopg's binary wheel brings
# its own libpq. scripts/check_image_env.py installs the same locked environment into a
# fresh venv and starts it against real servers (no Docker engine needed).
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY requirements.lock ./
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --require-hashes --only-binary=:all: -r requirements.lock
COPY pyproject.toml README.md ./
COPY service ./service
COPY schema ./schema
COPY projections ./projections
RUN /opt/venv/bin/pip install --no-deps .

FROM python:3.11-slim
# Pango and fonts for the PDF export (WeasyPrint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /app app
COPY --from=build /opt/venv /opt/venv
USER 10001:10001
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=8000 ENVIRONMENT=production
EXPOSE 8000
# Liveness of the API; the projector's compose service replaces it with `postmortems status`.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=4)"]
CMD ["postmortems", "serve", "--no-projector"]
