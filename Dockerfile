# The API and the projector (same image, different command). Production reads MONGODB_URI
# (a MongoDB 8 replica set) and POSTGRES_DSN (PostgreSQL event store).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY schema ./schema
COPY projections ./projections
# Pango and fonts for the PDF export (WeasyPrint).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 app
USER app
ENV HOST=0.0.0.0 PORT=8000 ENVIRONMENT=production
EXPOSE 8000
CMD ["postmortems", "serve", "--no-projector"]
