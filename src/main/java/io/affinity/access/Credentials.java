package io.affinity.access;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** What a request presented, for the identity providers: an API key or a session cookie's token. */
final class Credentials {

    private Credentials() {}

    static final class ApiKeyRequest extends BaseAuthenticationRequest {
        final String key;

        ApiKeyRequest(String key) {
            this.key = key;
        }
    }

    static final class SessionRequest extends BaseAuthenticationRequest {
        final String token;

        SessionRequest(String token) {
            this.token = token;
        }
    }
}
