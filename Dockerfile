# syntax=docker/dockerfile:1
# Build stage: the same Maven build as on a developer machine.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY openapi openapi
COPY conf conf
RUN mvn -B -q -DskipTests package

# Runtime stage: a JRE, the jar, and an unprivileged user.
FROM eclipse-temurin:17-jre
RUN apt-get update -q && apt-get install -y -q --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/sessiongate --create-home sessiongate
WORKDIR /opt/sessiongate
COPY --from=build /src/target/sessiongate.jar sessiongate.jar
COPY conf conf
ENV SESSIONGATE_DATA_DIR=/var/lib/sessiongate \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:-DontCompileHugeMethods"
USER sessiongate
# 8443: HTTPS; 5701: Hazelcast, between the nodes of a cluster (run --cluster, docs/cluster.md)
EXPOSE 8443 5701
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsk https://127.0.0.1:8443/health/ready || exit 1
ENTRYPOINT ["java", "-jar", "/opt/sessiongate/sessiongate.jar"]
CMD ["run"]
