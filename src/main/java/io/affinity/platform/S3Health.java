package io.affinity.platform;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;

/** Readiness: the bucket that holds models and bulk files answers (PostgreSQL's check comes with the datasource). */
@Readiness
@ApplicationScoped
public class S3Health implements HealthCheck {

    private final S3Client s3;
    private final S3Config config;

    S3Health(S3Client s3, S3Config config) {
        this.s3 = s3;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3").withData("bucket", config.bucket());
        try {
            s3.headBucket(b -> b.bucket(config.bucket()));
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
