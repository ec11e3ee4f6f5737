package io.migscope.embedded.security;

import io.migscope.embedded.security.ComponentAcls.Component;
import io.migscope.topics.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/** Creates each component's SCRAM user and its ACLs on a secured broker, as the super user. Safe to repeat. */
public final class ScramUsers {
    private static final int ITERATIONS = 4096;

    private ScramUsers() {
    }

    /** Upserts the SCRAM-SHA-512 credential of every component and grants it {@link ComponentAcls}. */
    public static void provision(Admin admin, BrokerSecurity security, TopicNames topics, String applicationId) {
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        for (Component c : Component.values()) {
            users.add(new UserScramCredentialUpsertion(c.user(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), security.password(c.user())));
        }
        await("create the SCRAM users", () -> admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS));
        List<AclBinding> acls = new ArrayList<>();
        for (Component c : Component.values()) {
            acls.addAll(ComponentAcls.bindings(c, topics, applicationId));
        }
        await("create the ACLs", () -> admin.createAcls(acls).all().get(30, TimeUnit.SECONDS));
        // The controller has committed them; the broker serves them once its metadata image has caught up.
        await("publish the users and ACLs to the broker", () -> awaitVisible(admin, users.size(), acls.size()));
    }

    private static void awaitVisible(Admin admin, int users, int acls)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).size() < users
                || admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).size() < acls) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("users or ACLs not visible on the broker");
            }
            Thread.sleep(50);
        }
    }

    private interface Step {
        void run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static void await(String what, Step step) {
        try {
            step.run();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("broker did not " + what + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
