package io.migscope.app.deploy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads Kubernetes manifests into the real API models (fabric8's Kubernetes and prometheus-operator models,
 * Strimzi's {@code api} module) and reports what a cluster would reject or silently ignore: an unknown kind, an
 * apiVersion the model does not serve, a value of the wrong type, and any field the model does not know. The
 * models keep unknown fields in {@code additionalProperties} instead of failing, so every object is walked and a
 * non-empty {@code additionalProperties} counts as an error.
 */
final class Manifests {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("ConfigMap", ConfigMap.class), Map.entry("Secret", Secret.class),
            Map.entry("Service", Service.class), Map.entry("ServiceAccount", ServiceAccount.class),
            Map.entry("StatefulSet", StatefulSet.class), Map.entry("Deployment", Deployment.class),
            Map.entry("DaemonSet", DaemonSet.class), Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("ServiceMonitor", ServiceMonitor.class), Map.entry("PrometheusRule", PrometheusRule.class),
            Map.entry("KafkaTopic", KafkaTopic.class), Map.entry("KafkaUser", KafkaUser.class));
    /** The kustomization fields these manifests use; anything else is a typo kustomize would reject. */
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "resources", "components",
            "configMapGenerator", "namespace", "images", "replicas", "patches", "labels");

    /** Objects read from files, and what was wrong with them ({@code FILE: document N: problem}). */
    record Result(List<HasMetadata> objects, List<String> errors) {
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + objects));
        }
    }

    private Manifests() {
    }

    /** Every object of every YAML document in {@code files}. */
    static Result read(Collection<Path> files) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path f : files) {
            try (Reader r = Files.newBufferedReader(f)) {
                parse(f.toString(), r, objects, errors);
            }
        }
        return new Result(objects, errors);
    }

    /** As {@link #read}, for YAML text (the negative tests' broken manifests). */
    static Result parse(String origin, String yaml) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        parse(origin, new StringReader(yaml), objects, errors);
        return new Result(objects, errors);
    }

    private static void parse(String origin, Reader yaml, List<HasMetadata> objects, List<String> errors)
            throws IOException {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            for (int n = 1; docs.hasNext(); n++) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                String where = origin + ": document " + n + " (" + doc.path("kind").asText() + " "
                        + doc.path("metadata").path("name").asText() + ")";
                HasMetadata o = model(where, doc, errors);
                if (o != null) {
                    objects.add(o);
                }
            }
        }
    }

    private static HasMetadata model(String where, JsonNode doc, List<String> errors) {
        Class<? extends HasMetadata> type = KINDS.get(doc.path("kind").asText());
        if (type == null) {
            errors.add(where + ": no model for kind '" + doc.path("kind").asText() + "'");
            return null;
        }
        Set<String> served = apiVersions(type);
        if (!served.contains(doc.path("apiVersion").asText())) {
            errors.add(where + ": apiVersion '" + doc.path("apiVersion").asText() + "' is not one of " + served);
        }
        HasMetadata o;
        try {
            o = YAML.treeToValue(doc, type);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            errors.add(where + ": " + field + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
            return null;
        } catch (IOException e) {
            errors.add(where + ": " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
        for (String path : unknownFields(o)) {
            errors.add(where + ": unknown field " + path);
        }
        return o;
    }

    /** The apiVersions the model serves: fabric8's @Group/@Version, or Strimzi's RESOURCE_GROUP and VERSIONS. */
    @SuppressWarnings("unchecked")
    static Set<String> apiVersions(Class<?> type) {
        Set<String> out = new LinkedHashSet<>();
        try {
            String group = (String) type.getField("RESOURCE_GROUP").get(null);
            for (String v : (List<String>) type.getField("VERSIONS").get(null)) {
                out.add(group + "/" + v);
            }
            return out;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // a fabric8 model: its annotations say
        }
        String group = type.getAnnotation(Group.class).value();
        String version = type.getAnnotation(Version.class).value();
        out.add(group.isEmpty() ? version : group + "/" + version);
        return out;
    }

    /** Paths (spec.template.spec.containers[0].imagePullPolcy) of every field no model knew. */
    static List<String> unknownFields(Object root) {
        List<String> out = new ArrayList<>();
        walk(root, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(Object o, String path, List<String> out, Set<Object> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>
                || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, out, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                if (e == null) {
                    // Strimzi maps an enum value it does not know (an ACL operation "Wrtie") to null.
                    out.add(path.substring(1) + "[" + i + "] (a value the model does not know)");
                }
                walk(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = invoke(m, o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> out.add(path.isEmpty() ? String.valueOf(k) : path.substring(1) + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            walk(value, path + "." + field, out, seen);
        }
    }

    private static Object invoke(Method m, Object o) {
        try {
            return m.invoke(o);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return null;   // a computed getter that needs state a manifest does not have; nothing to walk
        }
    }

    /**
     * The resource files a kustomization directory stands for, following {@code resources} and {@code components}
     * into other kustomization directories; {@code errors} gets every entry that names nothing, every generator or
     * patch file that is missing, and every kustomization field kustomize does not have.
     */
    static List<Path> kustomize(Path dir, List<String> errors) throws IOException {
        List<Path> files = new ArrayList<>();
        kustomize(dir.normalize(), files, errors, new LinkedHashSet<>());
        return files;
    }

    private static void kustomize(Path dir, List<Path> files, List<String> errors, Set<Path> visiting) throws IOException {
        Path k = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(k)) {
            errors.add(dir + ": no kustomization.yaml");
            return;
        }
        if (!visiting.add(dir)) {
            errors.add(dir + ": included twice");
            return;
        }
        JsonNode doc = YAML.readTree(k.toFile());
        doc.fieldNames().forEachRemaining(f -> {
            if (!KUSTOMIZATION_FIELDS.contains(f)) {
                errors.add(k + ": unknown kustomization field '" + f + "'");
            }
        });
        for (JsonNode r : doc.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isRegularFile(p)) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                kustomize(p, files, errors, visiting);
            } else {
                errors.add(k + ": resource '" + r.asText() + "' does not exist");
            }
        }
        for (JsonNode c : doc.path("components")) {
            Path p = dir.resolve(c.asText()).normalize();
            JsonNode kind = Files.isRegularFile(p.resolve("kustomization.yaml"))
                    ? YAML.readTree(p.resolve("kustomization.yaml").toFile()).path("kind") : null;
            if (kind == null || !"Component".equals(kind.asText())) {
                errors.add(k + ": component '" + c.asText() + "' is not a directory with a kind: Component kustomization");
            } else {
                kustomize(p, files, errors, visiting);
            }
        }
        for (JsonNode g : doc.path("configMapGenerator")) {
            for (JsonNode f : g.path("files")) {
                if (!Files.isRegularFile(dir.resolve(f.asText()))) {
                    errors.add(k + ": configMapGenerator file '" + f.asText() + "' does not exist");
                }
            }
        }
        for (JsonNode p : doc.path("patches")) {
            if (p.has("path") && !Files.isRegularFile(dir.resolve(p.path("path").asText()))) {
                errors.add(k + ": patch '" + p.path("path").asText() + "' does not exist");
            }
        }
        visiting.remove(dir);
    }

    /** The ConfigMaps a kustomization tree generates (configMapGenerator names). */
    static Set<String> generatedConfigMaps(Path dir) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        generated(dir.normalize(), names);
        return names;
    }

    private static void generated(Path dir, Set<String> names) throws IOException {
        JsonNode doc = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        doc.path("configMapGenerator").forEach(g -> names.add(g.path("name").asText()));
        for (String field : List.of("resources", "components")) {
            for (JsonNode r : doc.path(field)) {
                Path p = dir.resolve(r.asText()).normalize();
                if (Files.isDirectory(p)) {
                    generated(p, names);
                }
            }
        }
    }

    /** The literals of the configMapGenerator {@code name} in one kustomization (KEY=VALUE). */
    static List<String> literals(Path dir, String name) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode g : YAML.readTree(dir.resolve("kustomization.yaml").toFile()).path("configMapGenerator")) {
            if (name.equals(g.path("name").asText())) {
                g.path("literals").forEach(l -> out.add(l.asText()));
            }
        }
        return out;
    }
}
