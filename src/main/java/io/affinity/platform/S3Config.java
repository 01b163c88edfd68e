package io.affinity.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where Affinity keeps its objects (models, bulk files): the embedded store by default, real S3 when configured. */
@ConfigMapping(prefix = "affinity.s3")
public interface S3Config {

    /** {@code affinity.s3.bucket}: the bucket for models and bulk files; created at start-up if missing. */
    @WithDefault("affinity")
    String bucket();

    /** {@code affinity.s3.region}: the AWS region. */
    @WithDefault("us-east-1")
    String region();

    /** {@code affinity.s3.endpoint}: an S3-compatible endpoint; absent means AWS itself. */
    Optional<String> endpoint();

    /** {@code affinity.s3.access-key}: static credentials; absent means the default AWS credentials chain. */
    Optional<String> accessKey();

    /** {@code affinity.s3.secret-key}: secret of the static credentials. */
    Optional<String> secretKey();

    /** {@code affinity.s3.embedded}: start the embedded store when no endpoint is given (false on AWS). */
    @WithDefault("true")
    boolean embedded();
}
