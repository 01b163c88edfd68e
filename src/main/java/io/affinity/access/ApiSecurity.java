package io.affinity.access;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * How callers prove who they are, as the OpenAPI document declares it: an API key as a bearer token or in
 * {@code X-API-Key}, a dashboard session cookie, and (on the tracking API only) a source's write key as HTTP Basic.
 * Every operation takes one of the first three unless it says otherwise.
 */
@OpenAPIDefinition(
        info = @Info(title = "Affinity API", version = "1"),
        security = {
            @SecurityRequirement(name = ApiSecurity.BEARER),
            @SecurityRequirement(name = ApiSecurity.API_KEY_HEADER),
            @SecurityRequirement(name = ApiSecurity.SESSION)
        })
@SecuritySchemes({
    @SecurityScheme(
            securitySchemeName = ApiSecurity.BEARER,
            type = SecuritySchemeType.HTTP,
            scheme = "bearer",
            description = "an API key (ak_...): roles score, manage, admin, metrics"),
    @SecurityScheme(
            securitySchemeName = ApiSecurity.API_KEY_HEADER,
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.HEADER,
            apiKeyName = AccessMechanism.API_KEY_HEADER,
            description = "the same API key in a header of its own"),
    @SecurityScheme(
            securitySchemeName = ApiSecurity.SESSION,
            type = SecuritySchemeType.APIKEY,
            in = SecuritySchemeIn.COOKIE,
            apiKeyName = Sessions.COOKIE,
            description = "a dashboard session (sign in at /login): roles viewer, marketer, admin"),
    @SecurityScheme(
            securitySchemeName = ApiSecurity.WRITE_KEY,
            type = SecuritySchemeType.HTTP,
            scheme = "basic",
            description = "a source's write key as the user name, empty password (Segment's convention)")
})
public class ApiSecurity extends Application {

    public static final String BEARER = "apiKey";
    public static final String API_KEY_HEADER = "apiKeyHeader";
    public static final String SESSION = "session";
    public static final String WRITE_KEY = "writeKey";
}
