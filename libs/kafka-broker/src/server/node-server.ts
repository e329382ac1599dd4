import * as net from 'node:net';
import type { BrokerNode, ClusterState } from '../state/cluster';
import { Connection } from './connection';

/** The TCP listener of one broker node. */
export class NodeServer {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly node: BrokerNode,
    private readonly cluster: ClusterState,
  ) {
    this.server = net.createServer((socket) => {
      const conn = new Connection(socket, node, cluster);
      this.connections.add(conn);
      socket.on('close', () => this.connections.delete(conn));
    });
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        this.server.off('error', reject);
        const addr = this.server.address() as net.AddressInfo;
        this.node.port = addr.port;
        resolve(addr.port);
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): Promise<void> {
    for (const conn of this.connections) conn.close();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
