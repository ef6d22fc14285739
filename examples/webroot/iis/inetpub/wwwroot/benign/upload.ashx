<%@ WebHandler Language="C#" Class="Upload" %>
using System.Web;
public class Upload : IHttpHandler {
  public void ProcessRequest(HttpContext c) { var f = c.Request.Files[0]; f.SaveAs(c.Server.MapPath("~/App_Data/") + System.IO.Path.GetFileName(f.FileName)); }
  public bool IsReusable { get { return false; } }
}
