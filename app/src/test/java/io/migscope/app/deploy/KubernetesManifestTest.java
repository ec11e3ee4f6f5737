package io.migscope.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.migscope.cli.Main;
import io.migscope.config.ConfigKey;
import io.migscope.config.Keys;
import io.migscope.config.MigscopeConfig;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * deploy/kubernetes (Kustomize base, registry components, the production overlay) read into the real API models,
 * then checked for what would only show on a cluster: references that name nothing, configuration keys migscope
 * would refuse, command lines it would not parse, probes on ports it does not serve, privileges beyond need.
 */
class KubernetesManifestTest {
    private static final Path K8S = Path.of("../deploy/kubernetes");
    private static final Path OVERLAY = K8S.resolve("overlays/production");
    /** Secrets made outside these manifests: Strimzi's cluster CA, and the databases' users (see sink.yaml). */
    private static final Set<String> EXTERNAL_SECRETS = Set.of("my-cluster-cluster-ca-cert", "migscope-db-app", "apicurio-db");

    @ParameterizedTest
    @ValueSource(strings = {"overlays/production", "base", "components/registry-migscope", "components/registry-confluent",
            "components/registry-apicurio", "components/registry-karapace"})
    void everyKustomizationResolvesAndEveryObjectFitsItsModel(String dir) throws IOException {
        List<String> errors = new ArrayList<>();
        List<Path> files = Manifests.kustomize(K8S.resolve(dir), errors);
        assertThat(errors).as("kustomization of " + dir).isEmpty();
        assertThat(files).isNotEmpty();
        Manifests.Result r = Manifests.read(files);
        assertThat(r.errors()).as("objects of " + dir).isEmpty();
        assertThat(r.objects()).hasSameSizeAs(files.stream().flatMap(KubernetesManifestTest::documents).toList());
    }

    @Test
    void everyRegistryComponentSetsTheRegistryUrlAndOneRegistryService() throws IOException {
        for (String c : List.of("migscope", "confluent", "apicurio", "karapace")) {
            Path dir = K8S.resolve("components/registry-" + c);
            assertThat(Manifests.literals(dir, "migscope-env")).as(c).anySatisfy(l ->
                    assertThat(l).matches("MIGSCOPE_REGISTRY_URL=http://schema-registry:80(81|80)(/apis/ccompat/v7)?"));
            Manifests.Result r = Manifests.read(Manifests.kustomize(dir, new ArrayList<>()));
            assertThat(r.one(Service.class, "schema-registry").getSpec().getPorts()).isNotEmpty();
        }
    }

    @Test
    void theStreamsStatefulSetIsWiredForKafkaStreams() throws IOException {
        Manifests.Result r = overlay();
        StatefulSet sts = r.one(StatefulSet.class, "migscope-streams");
        Map<String, String> podLabels = sts.getSpec().getTemplate().getMetadata().getLabels();
        Service headless = r.one(Service.class, sts.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(podLabels).containsAllEntriesOf(headless.getSpec().getSelector());
        assertThat(podLabels).containsAllEntriesOf(r.one(PodDisruptionBudget.class, "migscope-streams")
                .getSpec().getSelector().getMatchLabels());
        assertThat(sts.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName()).contains("state");

        Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        int httpPort = Integer.parseInt(properties().get(Keys.HTTP_PORT.name()));
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(httpPort);
        });
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getName()).isEqualTo("state"));
        assertThat(env(c)).containsEntry("MIGSCOPE_HTTP_ADVERTISED_HOST", "$(POD_NAME)." + headless.getMetadata().getName());
        assertThat(properties()).containsEntry(Keys.HTTP_BIND.name(), "0.0.0.0");
        // SIGTERM: the command waits up to 60 s for its clean close; the kubelet must wait longer before it kills.
        assertThat(sts.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(60L);
        assertThat(r.one(ServiceMonitor.class, "migscope-streams").getSpec().getSelector().getMatchLabels())
                .isEqualTo(headless.getMetadata().getLabels());
    }

    @Test
    void everyContainerRunsAMigscopeCommandLineThatParses() throws IOException {
        for (Container c : migscopeContainers(overlay())) {
            List<String> args = c.getArgs().stream().map(a -> a.replaceAll("\\$\\(([A-Z_]+)\\)", "x")).toList();
            CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(c.getName() + " " + args).isTrue();
            assertThat(parsed.errors()).as(c.getName()).isEmpty();
        }
    }

    @Test
    void everyMigscopeVariableIsAConfigurationKeyAndNoPodGetsServiceLinks() throws IOException {
        Manifests.Result r = overlay();
        List<String> names = new ArrayList<>();
        migscopeContainers(r).forEach(c -> c.getEnv().forEach(e -> names.add(e.getName())));
        for (Path dir : List.of(K8S.resolve("base"), K8S.resolve("components/registry-migscope"))) {
            Manifests.literals(dir, "migscope-env").forEach(l -> names.add(l.substring(0, l.indexOf('='))));
        }
        Set<String> keys = Keys.ALL.stream().map(ConfigKey::name).collect(Collectors.toSet());
        for (String n : names.stream().filter(n -> n.startsWith("MIGSCOPE_")).toList()) {
            String key = n.substring("MIGSCOPE_".length()).toLowerCase().replace('_', '.');
            assertThat(keys.contains(key) || key.startsWith(Keys.KAFKA_PREFIX)).as(n + " names no configuration key").isTrue();
        }
        // Kubernetes would otherwise inject MIGSCOPE_STREAMS_PORT etc. for the Services, which migscope refuses.
        for (PodSpec pod : pods(r)) {
            assertThat(pod.getEnableServiceLinks()).as(pod.getContainers().get(0).getName()).isFalse();
        }
        MigscopeConfig.builder().file(K8S.resolve("base/migscope.properties")).set("kafka.ssl.truststore.password", "x").build();
    }

    @Test
    void everyReferencedConfigMapIsGeneratedAndEverySecretIsMadeBySomeone() throws IOException {
        Manifests.Result r = overlay();
        Set<String> configMaps = Manifests.generatedConfigMaps(OVERLAY);
        Set<String> secrets = new HashSet<>(EXTERNAL_SECRETS);
        r.all(KafkaUser.class).forEach(u -> secrets.add(u.getMetadata().getName()));   // Strimzi's User Operator
        for (PodSpec pod : pods(r)) {
            for (Volume v : pod.getVolumes()) {
                if (v.getConfigMap() != null) {
                    assertThat(configMaps).contains(v.getConfigMap().getName());
                }
                if (v.getSecret() != null) {
                    assertThat(secrets).contains(v.getSecret().getSecretName());
                }
            }
            for (Container c : pod.getContainers()) {
                for (EnvFromSource f : c.getEnvFrom()) {
                    assertThat(configMaps).contains(f.getConfigMapRef().getName());
                }
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        assertThat(secrets).contains(e.getValueFrom().getSecretKeyRef().getName());
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        assertThat(configMaps).contains(e.getValueFrom().getConfigMapKeyRef().getName());
                    }
                }
            }
        }
    }

    @Test
    void collectorsGetTheHostNetworkAndRawSocketsOnlyWhereTheirToolNeedsThem() throws IOException {
        Manifests.Result r = overlay();
        PodSpec collectors = r.one(DaemonSet.class, "migscope-collectors").getSpec().getTemplate().getSpec();
        assertThat(collectors.getHostNetwork()).isTrue();
        assertThat(collectors.getDnsPolicy()).as("the Kafka Service must still resolve").isEqualTo("ClusterFirstWithHostNet");
        Map<String, List<String>> added = new LinkedHashMap<>();
        for (Container c : collectors.getContainers()) {
            assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            List<String> add = c.getSecurityContext().getCapabilities().getAdd();
            added.put(c.getName(), add == null ? List.of() : add);
        }
        assertThat(added).containsExactlyInAnyOrderEntriesOf(Map.of("virsh", List.of(), "iftop", List.of("NET_RAW")));
        for (PodSpec pod : pods(r)) {
            if (pod != collectors) {
                assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
                assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
                for (Container c : pod.getContainers()) {
                    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                    assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
                }
            }
        }
    }

    // ---- the checks can fail: broken manifests are refused ----

    @Test
    void aMisspelledFieldAWrongTypeAnUnknownEnumAndAWrongApiVersionAreRefused() throws IOException {
        String sts = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: s}
                spec:
                  replica: 3
                  serviceName: s
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: c, image: i, imagePullPolcy: Always}]
                """;
        assertThat(Manifests.parse("sts", sts).errors()).containsExactlyInAnyOrder(
                "sts: document 1 (StatefulSet s): unknown field spec.replica",
                "sts: document 1 (StatefulSet s): unknown field spec.template.spec.containers[0].imagePullPolcy");
        assertThat(Manifests.parse("t", "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\n"
                + "spec: {partitions: six}\n").errors()).singleElement().asString().contains("spec.partitions: Cannot deserialize");
        assertThat(Manifests.parse("u", "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaUser\nmetadata: {name: u}\n"
                + "spec: {authorization: {type: simple, acls: [{resource: {type: topic, name: x}, operations: [Wrtie]}]}}\n")
                .errors()).singleElement().asString().contains("spec.authorization.acls[0].operations[0] (a value the model does not know)");
        assertThat(Manifests.parse("d", "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: d}\n").errors())
                .singleElement().asString().contains("apiVersion 'apps/v1beta1' is not one of [apps/v1]");
        assertThat(Manifests.parse("x", "apiVersion: v1\nkind: Pdo\nmetadata: {name: x}\n").errors())
                .singleElement().asString().contains("no model for kind 'Pdo'");
    }

    @Test
    void aKustomizationNamingAMissingFileOrAnUnknownFieldIsRefused(@org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [here.yaml, gone.yaml, ../nowhere]
                components: [.]
                configMapGenerator: [{name: c, files: [missing.properties]}]
                commonLabel: {a: b}
                """);
        Files.writeString(dir.resolve("here.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        List<String> errors = new ArrayList<>();
        assertThat(Manifests.kustomize(dir, errors)).containsExactly(dir.resolve("here.yaml"));
        assertThat(errors).hasSize(5).anySatisfy(e -> assertThat(e).contains("resource 'gone.yaml' does not exist"))
                .anySatisfy(e -> assertThat(e).contains("'../nowhere'"))
                .anySatisfy(e -> assertThat(e).contains("component '.' is not"))
                .anySatisfy(e -> assertThat(e).contains("'missing.properties' does not exist"))
                .anySatisfy(e -> assertThat(e).contains("unknown kustomization field 'commonLabel'"));
    }

    private static Manifests.Result overlay() throws IOException {
        List<String> errors = new ArrayList<>();
        Manifests.Result r = Manifests.read(Manifests.kustomize(OVERLAY, errors));
        assertThat(errors).isEmpty();
        assertThat(r.errors()).isEmpty();
        return r;
    }

    private static List<PodSpec> pods(Manifests.Result r) {
        List<PodSpec> out = new ArrayList<>();
        r.all(StatefulSet.class).forEach(s -> out.add(s.getSpec().getTemplate().getSpec()));
        r.all(Deployment.class).forEach(d -> out.add(d.getSpec().getTemplate().getSpec()));
        r.all(DaemonSet.class).forEach(d -> out.add(d.getSpec().getTemplate().getSpec()));
        return out;
    }

    private static List<Container> migscopeContainers(Manifests.Result r) {
        return pods(r).stream().flatMap(p -> p.getContainers().stream())
                .filter(c -> c.getImage().startsWith("migscope")).toList();
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> out.put(e.getName(), e.getValue()));
        return out;
    }

    private static Map<String, String> properties() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(K8S.resolve("base/migscope.properties"))) {
            p.load(in);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static Stream<String> documents(Path file) {
        try {
            return Stream.of(Files.readString(file).split("(?m)^---\\s*$"))
                    .filter(d -> d.lines().anyMatch(l -> l.startsWith("kind:")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
