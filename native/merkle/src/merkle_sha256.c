/*
 * consentgate Merkle hashing addon: hashes a whole batch of RFC 6962 leaves or a whole tree level per
 * call, with the SHA-256 of the OpenSSL that Node itself links (SHA-NI / ARMv8 assembly where the CPU has it).
 * The headers come from Node's own include directory, and the symbols resolve against the node binary
 * at load time, so nothing else is needed to build it.
 *
 *   hashLeaves(data, offsets: Uint32Array, count, out) -> -1 | first index whose id is not > the previous
 *   hashNodes(nodes, pairs, out)                     -> undefined; out may alias nodes
 *   sha256(data)                                     -> Buffer(32)
 */
#include <node_api.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <string.h>

#define CHECK(env, call)                                         \
  do {                                                           \
    if ((call) != napi_ok) {                                     \
      napi_throw_error((env), NULL, "consentgate_merkle: " #call); \
      return NULL;                                               \
    }                                                            \
  } while (0)

static int get_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  bool is_typed = false;
  if (napi_is_typedarray(env, v, &is_typed) != napi_ok || !is_typed) return 0;
  napi_typedarray_type type;
  size_t length;
  void *ptr;
  napi_value ab;
  size_t byte_offset;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, &ab, &byte_offset) != napi_ok) return 0;
  if (type != napi_uint8_array) return 0;
  *data = (uint8_t *)ptr;
  *len = length;
  return 1;
}

static int get_u32s(napi_env env, napi_value v, uint32_t **data, size_t *len) {
  bool is_typed = false;
  if (napi_is_typedarray(env, v, &is_typed) != napi_ok || !is_typed) return 0;
  napi_typedarray_type type;
  void *ptr;
  napi_value ab;
  size_t byte_offset;
  if (napi_get_typedarray_info(env, v, &type, len, &ptr, &ab, &byte_offset) != napi_ok) return 0;
  if (type != napi_uint32_array) return 0;
  *data = (uint32_t *)ptr;
  return 1;
}

static const uint8_t LEAF = 0x00;
static const uint8_t NODE = 0x01;

static napi_value hash_leaves(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint8_t *data, *out;
  uint32_t *offsets;
  size_t data_len, out_len, off_len;
  uint32_t count;
  if (argc < 4 || !get_bytes(env, argv[0], &data, &data_len) || !get_u32s(env, argv[1], &offsets, &off_len) ||
      napi_get_value_uint32(env, argv[2], &count) != napi_ok || !get_bytes(env, argv[3], &out, &out_len)) {
    napi_throw_type_error(env, NULL, "hashLeaves(data: Uint8Array, offsets: Uint32Array, count: number, out: Uint8Array)");
    return NULL;
  }
  if (off_len < (size_t)count + 1 || out_len < (size_t)count * 32) {
    napi_throw_range_error(env, NULL, "hashLeaves: offsets or out too short");
    return NULL;
  }
  for (uint32_t i = 0; i < count; i++) {
    if (offsets[i] > offsets[i + 1] || offsets[i + 1] > data_len) {
      napi_throw_range_error(env, NULL, "hashLeaves: offsets out of range");
      return NULL;
    }
  }
  int32_t unordered = -1;
  SHA256_CTX ctx;
  for (uint32_t i = 0; i < count; i++) {
    const uint8_t *id = data + offsets[i];
    size_t len = offsets[i + 1] - offsets[i];
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, &LEAF, 1);
    SHA256_Update(&ctx, id, len);
    SHA256_Final(out + (size_t)i * 32, &ctx);
    if (i > 0 && unordered < 0) {
      const uint8_t *prev = data + offsets[i - 1];
      size_t plen = offsets[i] - offsets[i - 1];
      size_t n = plen < len ? plen : len;
      int c = memcmp(prev, id, n);
      if (c > 0 || (c == 0 && plen >= len)) unordered = (int32_t)i;
    }
  }
  napi_value result;
  CHECK(env, napi_create_int32(env, unordered, &result));
  return result;
}

static napi_value hash_nodes(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint8_t *nodes, *out;
  size_t nodes_len, out_len;
  uint32_t pairs;
  if (argc < 3 || !get_bytes(env, argv[0], &nodes, &nodes_len) || napi_get_value_uint32(env, argv[1], &pairs) != napi_ok ||
      !get_bytes(env, argv[2], &out, &out_len)) {
    napi_throw_type_error(env, NULL, "hashNodes(nodes: Uint8Array, pairs: number, out: Uint8Array)");
    return NULL;
  }
  if (nodes_len < (size_t)pairs * 64 || out_len < (size_t)pairs * 32) {
    napi_throw_range_error(env, NULL, "hashNodes: nodes or out too short");
    return NULL;
  }
  /* 65 bytes = two SHA-256 blocks, padded here once so each hash is two bare compressions. */
  uint8_t block[128];
  memset(block, 0, sizeof block);
  block[0] = NODE;
  block[65] = 0x80;
  block[126] = (65 * 8) >> 8;
  block[127] = (65 * 8) & 0xff;
  SHA256_CTX init, ctx;
  SHA256_Init(&init);
  for (uint32_t i = 0; i < pairs; i++) {
    memcpy(block + 1, nodes + (size_t)i * 64, 64); /* read before out (which may alias) is written */
    ctx = init;
    SHA256_Transform(&ctx, block);
    SHA256_Transform(&ctx, block + 64);
    uint8_t *o = out + (size_t)i * 32;
    for (int j = 0; j < 8; j++) {
      uint32_t v = ctx.h[j];
      o[j * 4] = (uint8_t)(v >> 24);
      o[j * 4 + 1] = (uint8_t)(v >> 16);
      o[j * 4 + 2] = (uint8_t)(v >> 8);
      o[j * 4 + 3] = (uint8_t)v;
    }
  }
  return NULL;
}

static napi_value sha256(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  uint8_t *data;
  size_t len;
  if (argc < 1 || !get_bytes(env, argv[0], &data, &len)) {
    napi_throw_type_error(env, NULL, "sha256(data: Uint8Array)");
    return NULL;
  }
  void *outp;
  napi_value result;
  CHECK(env, napi_create_buffer(env, 32, &outp, &result));
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data, len);
  SHA256_Final((uint8_t *)outp, &ctx);
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"hashLeaves", NULL, hash_leaves, NULL, NULL, NULL, napi_enumerable, NULL},
      {"hashNodes", NULL, hash_nodes, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sha256", NULL, sha256, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
