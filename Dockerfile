# findata-agent image: built on Debian bookworm, run as an unprivileged user against external
# PostgreSQL and ClickHouse (docker-compose.yml). The embedded databases are not in the image.

# --- build ----------------------------------------------------------------------------------------
FROM debian:bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      g++ cmake ninja-build pkg-config \
      libpqxx-dev libpq-dev libcpp-httplib-dev nlohmann-json3-dev libspdlog-dev zlib1g-dev libzstd-dev libssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt README.md ./
COPY cmake/ cmake/
COPY core/ core/
COPY agent/ agent/
COPY packaging/ packaging/
COPY resources/ resources/
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DFINDATA_BUILD_DESKTOP=OFF -DFINDATA_BUILD_TESTS=OFF \
 && cmake --build /build --target findata-agent \
 && DESTDIR=/out cmake --install /build --component agent --prefix /usr --strip

# --- run ------------------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpqxx-6.4 libpq5 libcpp-httplib0.11 libspdlog1.10 libfmt9 zlib1g libzstd1 libssl3 \
      ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --uid 10001 --home-dir /var/lib/findata --shell /usr/sbin/nologin findata \
 && install -d -o findata -g findata -m 0750 /var/lib/findata
COPY --from=build /out/usr/bin/findata-agent /usr/bin/findata-agent
COPY --from=build /out/etc/findata/agent.conf /etc/findata/agent.conf

USER findata
WORKDIR /var/lib/findata
VOLUME ["/var/lib/findata"]
EXPOSE 8000
# The container's network is private; publish the port on the host's loopback only
# (docker-compose.yml does), or give --tls-cert/--tls-key.
ENV FINDATA_CONFIG=/etc/findata/agent.conf \
    FINDATA_DATA_DIR=/var/lib/findata
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD curl --fail --silent --show-error http://127.0.0.1:8000/health || exit 1
ENTRYPOINT ["/usr/bin/findata-agent"]
CMD ["serve", "--listen", "0.0.0.0:8000", "--allow-insecure-remote"]
