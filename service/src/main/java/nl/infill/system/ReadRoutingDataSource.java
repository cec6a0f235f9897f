package nl.infill.system;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Wraps the service's DataSource so that work run through {@link ReadReplicas#on} reads from that
 * standby, and everything else (and everything when no read URL is configured: then nothing is
 * wrapped) from the primary. Transactions keep the connection they started with, so a transaction
 * begun on the primary stays there.
 */
@Component
class ReadRoutingDataSource implements BeanPostProcessor, EnvironmentAware {

    private final ObjectProvider<ReadReplicas> replicas;
    private boolean enabled;

    ReadRoutingDataSource(ObjectProvider<ReadReplicas> replicas) {
        this.replicas = replicas;
    }

    @Override
    public void setEnvironment(Environment env) {
        enabled = Binder.get(env).bind("infill.datasource.read-urls", Bindable.listOf(String.class))
                .map(l -> l.stream().anyMatch(u -> !u.isBlank())).orElse(false);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
        if (enabled && "dataSource".equals(name) && bean instanceof DataSource ds && !(bean instanceof Routing)) {
            return new Routing(ds, replicas);
        }
        return bean;
    }

    /** The primary, unless this thread is inside {@link ReadReplicas#on}. */
    static final class Routing extends DelegatingDataSource {

        private final ObjectProvider<ReadReplicas> replicas;

        Routing(DataSource primary, ObjectProvider<ReadReplicas> replicas) {
            super(primary);
            this.replicas = replicas;
        }

        private DataSource target() {
            ReadReplicas r = replicas.getIfAvailable();
            DataSource replica = r == null ? null : r.current();
            return replica == null ? obtainTargetDataSource() : replica;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return target().getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return target().getConnection(username, password);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T unwrap(Class<T> iface) throws SQLException {
            // the primary's pool for everyone else: pool metrics, and Flyway, which derives its owner's
            // DataSource from the unwrapped one's type and URL (DataSourceBuilder.derivedFrom)
            return iface == Routing.class ? (T) this : obtainTargetDataSource().unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return iface == Routing.class || obtainTargetDataSource().isWrapperFor(iface);
        }
    }

}
