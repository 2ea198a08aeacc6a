#!/bin/sh
# Shape jopt cannot hook: two Java launches, one of which runs (debug or not);
# jopt hooks exactly one. Start-script shape fixture of the jopt tests.
# SPDX-License-Identifier: EPL-2.0

JAR_FILE="$(pwd)/bin/two-launches-service.jar"
if [ "${ZWE_configs_debug:-false}" = "true" ]; then
  java -Xmx64m \
    -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=8000 \
    -jar "${JAR_FILE}" &
else
  java -Xmx64m \
    -jar "${JAR_FILE}" &
fi
wait
