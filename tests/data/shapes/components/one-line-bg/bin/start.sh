#!/bin/sh
# Shape: the whole java command on one line, backgrounded, then pid=$! and wait.
# Start-script shape fixture of the jopt tests.
# SPDX-License-Identifier: EPL-2.0

pw="${ZWE_zowe_certificate_keystore_password}"
java -Xms16m -Xmx64m -Dserver.ssl.keyStorePassword="${pw}" -jar "$(pwd)/bin/one-line-service.jar" &
pid=$!
echo "one-line-bg started, pid=${pid}"
wait "${pid}"
