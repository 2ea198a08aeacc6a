#!/bin/sh
# Shape: `exec java`: the shell replaces itself with the JVM, so the JVM is the
# process Zowe started. Start-script shape fixture of the jopt tests.
# SPDX-License-Identifier: EPL-2.0

JAR_FILE="$(pwd)/bin/exec-java-service.jar"
keystore_pass="${ZWE_configs_certificate_keystore_password:-${ZWE_zowe_certificate_keystore_password}}"
echo "exec-java: starting ${JAR_FILE}"

export _BPX_JOBNAME="${ZWE_zowe_job_prefix}EX"
exec java -Xms32m -Xmx256m \
    -XX:+ExitOnOutOfMemoryError \
    -Dserver.ssl.keyStorePassword="${keystore_pass}" \
    -Dapiml.service.hostname="${ZWE_haInstance_hostname:-localhost}" \
    -jar "${JAR_FILE}" --server.port="${ZWE_configs_port:-7600}"
