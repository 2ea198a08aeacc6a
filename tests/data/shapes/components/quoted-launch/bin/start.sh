#!/bin/sh
# Shape jopt cannot hook: the java command is the text of `sh -c`, so there is no
# line of this script where its options could go.
# Start-script shape fixture of the jopt tests.
# SPDX-License-Identifier: EPL-2.0

JAR_FILE="$(pwd)/bin/quoted-service.jar"
sh -c "exec java -Xmx64m -jar ${JAR_FILE}" &
wait
