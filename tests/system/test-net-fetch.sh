#!/bin/bash
# test-net-fetch.sh: discover/fetch.c against real servers in a network
# namespace: HTTPS with a CA the test makes (and refused without it), HTTP
# redirects and a redirect loop, a 2 GB file and an endless one refused by
# the size bound, retries, a proxy, an unknown scheme, and TFTP (dnsmasq).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-net.sh"
net_skip_unless_root net-fetch

W=$T/www
mkdir -p "$W" "$T/tls" "$T/tftp" "$T/out"
head -c 8388608 /dev/urandom >"$W/kernel"
echo "hello from the server" >"$W/hello"
truncate -s 2G "$W/huge"
cp "$W/kernel" "$T/tftp/kernel"

if ! net_setup || ! net_make_ca "$T/tls" "$SRV4" ||
	! net_http "$W" 8443 "$T/tls/server.pem" "$T/tls/server.key" ||
	! net_http "$W" 8080 || ! net_tftp "$T/tftp"; then
	not_ok "net-fetch: the namespaces and servers start" \
		"$(cat "$T"/*.log 2>/dev/null | tail -5)"
	exit 1
fi

# fetch ARGS...: net-tool fetch in the client namespace; $out its stdout,
# $progress its stderr
fetch() {
	out=$(in_cli "$NET_TOOL" fetch "$@" 2>"$T/progress")
	rc=$?
	progress=$(cat "$T/progress")
	return $rc
}

# refused NAME ENAME WORDS ARGS...: the fetch fails with ENAME, its
# sentence contains WORDS, and no output file (or .part) is left
refused() {
	name=$1 ename=$2 words=$3
	shift 3
	rm -f "$T/out/x" "$T/out/x.part"
	if fetch "$@" "$T/out/x"; then
		not_ok "$name" "fetched, should be refused: $out"
	elif [[ $out != "error $ename: "*"$words"* ]]; then
		not_ok "$name" "got: $out" "want: error $ename: ...$words..."
	elif [ -e "$T/out/x" ] || [ -e "$T/out/x.part" ]; then
		not_ok "$name" "a file was left behind"
	else
		ok "$name"
		echo "#   $out"
	fi
}

URL=https://$SRV4:8443
if fetch --ca "$T/tls/ca.pem" "$URL/kernel" "$T/out/kernel" &&
	cmp -s "$W/kernel" "$T/out/kernel"; then
	ok "https: a file fetched, certificate verified against the CA given"
else
	not_ok "https: a file fetched" "$out" "$(tail -3 "$T/http-8443.log")"
fi
if [[ $progress == *"progress 8388608 8388608 "*" 1 done"* ]]; then
	ok "progress: the last report has every byte, the size and done"
else
	not_ok "progress: the last report" "$(tail -2 "$T/progress")"
fi
if fetch --mem --ca "$T/tls/ca.pem" "$URL/hello" "$T/out/hello" &&
	[ "$out" = "fetched 22" ] && cmp -s "$W/hello" "$T/out/hello"; then
	ok "https: a file fetched into memory"
else
	not_ok "https: into memory" "$out"
fi
refused "https: refused without the CA, with the reason" EKEYREJECTED \
	"certificate was not accepted" "$URL/hello"
refused "https: refused with another CA, naming the bundle" EKEYREJECTED \
	"other-ca.pem" --ca "$T/tls/other-ca.pem" "$URL/hello"

H=http://$SRV4:8080
if fetch "$H/redirect/hello" "$T/out/hello2" && cmp -s "$W/hello" "$T/out/hello2"; then
	ok "http: one redirect followed"
else
	not_ok "http: one redirect followed" "$out"
fi
refused "http: a redirect loop refused" ELOOP "redirect loop" "$H/loop-a"
refused "https: a redirect loop refused" ELOOP "more than 3 redirects" \
	--redirects 3 --ca "$T/tls/ca.pem" "$URL/loop-a"
start=$(date +%s)
refused "http: a 2 GB file refused by the size bound" EFBIG \
	"larger than the limit of 1073741824 bytes" "$H/huge"
if [ $(($(date +%s) - start)) -le 5 ]; then
	ok "http: the 2 GB file refused at once (announced size)"
else
	not_ok "http: the 2 GB file refused at once" "took $(($(date +%s) - start)) s"
fi
if fetch --head 512 "$H/huge" "$T/out/head" && [ "$out" = "fetched 512" ] &&
	[ "$(stat -c %s "$T/out/head")" = 512 ]; then
	ok "http: the first 512 bytes of the 2 GB file (head), nothing more"
else
	not_ok "http: head of the 2 GB file" "$out"
fi
if fetch --head 4096 "tftp://$SRV4/kernel" "$T/out/thead" &&
	cmp -s "$T/out/thead" <(head -c 4096 "$W/kernel"); then
	ok "tftp: the first 4096 bytes of the kernel (head)"
else
	not_ok "tftp: head of the kernel" "$out"
fi
refused "http: a stream with no length cut at the size bound" EFBIG \
	"limit of 1048576 bytes" --max 1048576 "$H/stream"
refused "http: a missing file" ENOENT "no such file (HTTP 404)" "$H/nothing"
refused "http: a 503 without retries" EIO "HTTP 503" "$H/flaky/hello"
if fetch --retries 2 "$H/flaky/kernel" "$T/out/flaky" &&
	cmp -s "$W/kernel" "$T/out/flaky" && [[ $progress == *" 2 done"* ]]; then
	ok "http: a 503 retried after a back-off, fetched on the 2nd attempt"
else
	not_ok "http: a 503 retried" "$out" "$progress"
fi
start=$(date +%s)
refused "http: a server that stalls: the time bound ends it" ETIMEDOUT \
	"timed out" --timeout 2000 "$H/hang"
if [ $(($(date +%s) - start)) -le 6 ]; then
	ok "http: the stalled fetch ended within the bound"
else
	not_ok "http: the stalled fetch ended within the bound" \
		"took $(($(date +%s) - start)) s"
fi
refused "http: no server on the port" ECONNREFUSED "no server answered" \
	"http://$SRV4:8081/hello"
if fetch --proxy "$H" "http://netboot.invalid/hello" "$T/out/proxied" &&
	cmp -s "$W/hello" "$T/out/proxied" &&
	grep -q "GET http://netboot.invalid/hello" "$T/http-8080.log"; then
	ok "http: fetched through the proxy given"
else
	not_ok "http: through the proxy" "$out"
fi

refused "scheme: file:// refused with a sentence" EPROTONOSUPPORT \
	"the scheme 'file' is refused: baton fetches only tftp://, http:// and https://" \
	"file:///etc/passwd"
refused "scheme: ftp:// refused" EPROTONOSUPPORT "scheme 'ftp' is refused" \
	"ftp://$SRV4/hello"
refused "http: a redirect to file:// refused" EPROTONOSUPPORT \
	"refused a scheme other than tftp, http or https" "$H/to-file"
refused "url: no server named" EINVAL "no server named" "http:///hello"

if fetch "tftp://$SRV4/kernel" "$T/out/tftp-kernel" &&
	cmp -s "$W/kernel" "$T/out/tftp-kernel"; then
	ok "tftp: an 8 MiB file fetched from dnsmasq"
else
	not_ok "tftp: a file fetched" "$out" "$(tail -3 "$T/tftp.log")"
fi
refused "tftp: a missing file" ENOENT "no such file" "tftp://$SRV4/nothing"
refused "tftp: larger than the bound" EFBIG "limit of 65536 bytes" \
	--max 65536 "tftp://$SRV4/kernel"
finish
