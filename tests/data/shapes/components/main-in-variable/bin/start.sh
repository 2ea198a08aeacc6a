#!/bin/sh
# Shape jopt cannot hook: options and the main class both come from variables,
# so no word of the command says where the JVM's options end.
# Start-script shape fixture of the jopt tests.
# SPDX-License-Identifier: EPL-2.0

JAVA_OPTS="-Xms16m -Xmx64m"
MAIN_CLASS=org.zowe.sample.Main
java ${JAVA_OPTS} -cp "$(pwd)/bin/app.jar" ${MAIN_CLASS} &
wait
