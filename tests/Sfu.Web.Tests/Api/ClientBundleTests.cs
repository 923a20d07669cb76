using System.Net;
using Sfu.Web.Tests.Support;

namespace Sfu.Web.Tests.Api;

/// <summary>
/// The server hands out the client bundle it was built with (issue 5, item 3). test.sh builds client/ before the
/// server, so the bundle is always there in CI.
/// </summary>
public sealed class ClientBundleTests
{
    [Fact]
    public async Task The_bundle_is_served_as_a_module_any_origin_may_import()
    {
        await using TestServer server = await TestServer.StartAsync();

        using HttpResponseMessage response = await server.Http.GetAsync("/bundle/odoo_sfu.js");

        response.StatusCode.Should().Be(HttpStatusCode.OK, "client/bundle/odoo_sfu.js is copied to the output when it was built first");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("*");
        string source = await response.Content.ReadAsStringAsync();
        source.Should().Contain("SfuClient").And.Contain("SFU_CLIENT_STATE");
    }
}
