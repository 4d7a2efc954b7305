if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
	echo "@@ bundle readable: yes, certificates: $(grep -c 'BEGIN CERTIFICATE' /etc/ssl/certs/ca-certificates.crt | sed 's/^[1-9][0-9]*$/some/')"
else
	echo "@@ bundle readable: no"
fi
echo "@@ done"
