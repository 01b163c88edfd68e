package io.affinity.platform.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jboss.logging.Logger;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API (s3proxy over a filesystem blob store) on loopback. Its credentials are random per process, so only
 * this application can use it.
 */
final class EmbeddedS3Server {

    private static final Logger LOG = Logger.getLogger(EmbeddedS3Server.class);

    private EmbeddedS3Server() {}

    static Map<String, String> start(Path dataDir) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dataDir);
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dataDir.toString());
        BlobStoreContext context =
                ContextBuilder.newBuilder("filesystem").overrides(props).build(BlobStoreContext.class);
        String accessKey = "local-" + random(6);
        String secretKey = random(20);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IOException("s3proxy did not start", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception e) {
                LOG.warn("Embedded S3 store did not stop cleanly", e);
            }
            context.close();
        }));
        String endpoint = "http://127.0.0.1:" + proxy.getPort();
        LOG.infof("Embedded S3 store on %s started in %d ms", endpoint, (System.nanoTime() - t0) / 1_000_000);
        return Map.of(
                "affinity.s3.endpoint", endpoint,
                "affinity.s3.access-key", accessKey,
                "affinity.s3.secret-key", secretKey);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
