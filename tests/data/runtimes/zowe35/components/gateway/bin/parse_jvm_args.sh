#!/bin/sh
################################################################################
# jopt test fixture: the JVM-argument helper of a Zowe 3.5 API ML component.
#
# Sourced by bin/start.sh. Every exported ZWE_configs_jvm_<NAME>=<VALUE> (what
# Zowe exports for components.<id>.jvm.<NAME>: <VALUE> of the component being
# started) becomes one JVM option in CUSTOM_JVM_OPTS, in the order `env`
# prints the variables:
#
#   D<a_b>=<VALUE>     -> -Da.b=<VALUE>    (D<a_b> with no value: -Da.b)
#   XX_<Flag>= / true  -> -XX:+<Flag>
#   XX_<Flag>=false    -> -XX:-<Flag>
#   XX_<Flag>=<VALUE>  -> -XX:<Flag>=<VALUE>
#   <NAME>=<VALUE>     -> -<NAME><VALUE>   (Xoptionsfile="=/f" -> -Xoptionsfile=/f)
#
# SPDX-License-Identifier: EPL-2.0
################################################################################

CUSTOM_JVM_OPTS=""
for jvm_var in $(env | grep "^ZWE_configs_jvm_" | cut -d= -f1); do
    eval "jvm_value=\"\${${jvm_var}}\""
    jvm_name=$(echo "${jvm_var}" | sed 's/^ZWE_configs_jvm_//')
    if [ -z "${jvm_name}" ]; then
        continue
    fi
    case "${jvm_name}" in
        D*)
            jvm_prop=$(echo "${jvm_name}" | sed -e 's/^D//' -e 's/_/./g')
            if [ -n "${jvm_value}" ]; then
                CUSTOM_JVM_OPTS="${CUSTOM_JVM_OPTS} -D${jvm_prop}=${jvm_value}"
            else
                CUSTOM_JVM_OPTS="${CUSTOM_JVM_OPTS} -D${jvm_prop}"
            fi
            ;;
        XX_*)
            jvm_flag=$(echo "${jvm_name}" | sed 's/^XX_//')
            if [ -z "${jvm_value}" ] || [ "${jvm_value}" = "true" ]; then
                CUSTOM_JVM_OPTS="${CUSTOM_JVM_OPTS} -XX:+${jvm_flag}"
            elif [ "${jvm_value}" = "false" ]; then
                CUSTOM_JVM_OPTS="${CUSTOM_JVM_OPTS} -XX:-${jvm_flag}"
            else
                CUSTOM_JVM_OPTS="${CUSTOM_JVM_OPTS} -XX:${jvm_flag}=${jvm_value}"
            fi
            ;;
        *)
            CUSTOM_JVM_OPTS="${CUSTOM_JVM_OPTS} -${jvm_name}${jvm_value}"
            ;;
    esac
done

if [ -n "${CUSTOM_JVM_OPTS}" ]; then
    echo "JVM options from zowe.yaml:${CUSTOM_JVM_OPTS}"
fi
