{
  "targets": [
    {
      "target_name": "consentgate_merkle",
      "sources": ["src/merkle_sha256.c"],
      "defines": ["NAPI_VERSION=8", "OPENSSL_SUPPRESS_DEPRECATED", "OPENSSL_API_COMPAT=0x10100000L"],
      "cflags": ["-O3"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] }
    }
  ]
}
