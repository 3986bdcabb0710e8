/*
 * fuzz-protocol.c: libFuzzer target for the control protocol's decoder
 * (lib/protocol.c): the input is a client's byte stream, handed to a
 * proto_reader through a pipe in pieces, as a socket delivers it. The
 * first input byte picks the piece size and the payload bound (as the
 * daemon sets a small one for requests); the rest is the stream.
 *
 * Every message the decoder accepts must encode again (the one field
 * table serves both) into a frame that decodes to the same message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Decode one whole frame on its own: the message, or NULL. */
static json_t *redecode(const char *frame, size_t len, unsigned *type)
{
	struct proto_reader r = { 0 };
	json_t *p = NULL;

	r.buf = malloc(len);
	if (!r.buf)
		return NULL;
	memcpy(r.buf, frame, len);
	r.len = r.cap = len;
	if (proto_reader_next(&r, type, &p) != 1 || r.len != 0)
		abort();
	proto_reader_release(&r);
	return p;
}

static void roundtrip(unsigned type, json_t *payload)
{
	unsigned type2;
	json_t *again;
	char *frame;
	size_t len;
	int ret;

	ret = proto_encode(type, payload, &frame, &len);
	if (ret == -EMSGSIZE || ret == -ENOMEM)
		return;
	if (ret)
		abort();
	again = redecode(frame, len, &type2);
	if (type2 != type || !json_equal(again, payload))
		abort();
	json_decref(again);
	free(frame);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_reader r = { 0 };
	size_t piece, off = 0;
	json_t *payload;
	unsigned type;
	int fds[2], ret = 0;
	ssize_t n;

	if (size < 1 || pipe2(fds, O_NONBLOCK))
		return 0;
	piece = 1 + (data[0] & 0x0f) * 512;
	r.max = data[0] & 0x80 ? 4096 : 0;
	data++;
	size--;
	while (ret >= 0) {
		if (off < size) {
			n = write(fds[1], data + off,
				  size - off < piece ? size - off : piece);
			if (n > 0)
				off += (size_t)n;
		} else if (fds[1] >= 0) {
			close(fds[1]);
			fds[1] = -1;
		}
		n = proto_reader_fill(&r, fds[0]);
		if (n == 0 || (n < 0 && n != -EAGAIN))
			break;
		while ((ret = proto_reader_next(&r, &type, &payload)) == 1) {
			if (!proto_type_name(type))
				abort();
			roundtrip(type, payload);
			json_decref(payload);
		}
	}
	if (fds[1] >= 0)
		close(fds[1]);
	close(fds[0]);
	proto_reader_release(&r);
	return 0;
}
