package dev.ketch.store.etcd;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Resolves a fixed list of etcd members, written as {@code ketch-etcd:///host1:port1,host2:port2},
 * so that one gRPC channel balances over every member and moves on when one fails. Stateless: the
 * members are in the target itself, so one registration serves every store.
 */
final class EndpointsNameResolverProvider extends NameResolverProvider {

  static final String SCHEME = "ketch-etcd";

  private EndpointsNameResolverProvider() {}

  /** The channel target for {@code members}, registering the scheme with gRPC on first use. */
  static String target(List<InetSocketAddress> members) {
    Registration.ensure();
    List<String> parts = new ArrayList<>();
    for (InetSocketAddress member : members) {
      parts.add(member.getHostString() + ":" + member.getPort());
    }
    return SCHEME + ":///" + String.join(",", parts);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null;
    }
    String path = targetUri.getPath();
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (String member : path.substring(1).split(",")) {
      int colon = member.lastIndexOf(':');
      String host = member.substring(0, colon);
      int port = Integer.parseInt(member.substring(colon + 1));
      groups.add(new EquivalentAddressGroup(new InetSocketAddress(host, port)));
    }
    String authority = path.substring(1).split(",")[0];
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return authority;
      }

      @Override
      public void start(Listener2 listener) {
        listener.onResult(
            ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(groups)).build());
      }

      @Override
      public void shutdown() {}
    };
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }

  /** Registers the provider once per JVM, when first needed (class initialisation is atomic). */
  private static final class Registration {
    static {
      NameResolverRegistry.getDefaultRegistry().register(new EndpointsNameResolverProvider());
    }

    static void ensure() {
      // Loading this class ran the registration.
    }
  }
}
