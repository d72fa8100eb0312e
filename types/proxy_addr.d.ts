/** The part of proxy-addr (a dependency of @adonisjs/http-server) that Hearth calls. */
declare module 'proxy-addr' {
  type Trust = (address: string, hop: number) => boolean
  const proxyaddr: {
    /** Throws a TypeError naming the entry when one is not an address, CIDR or keyword. */
    compile(trusted: string | string[]): Trust
  }
  export default proxyaddr
}
