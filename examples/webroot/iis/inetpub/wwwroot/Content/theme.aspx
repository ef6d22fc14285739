<%-- cellwatch test fixture: an inert shape of a web shell, inside a server-side comment; it runs nothing.
<%@ Page Language="C#" %>
byte[] b = Convert.FromBase64String("bCDXCt8kjXRQjFnZSRdPazgFuSS0hcgWI0BYy2mEY0kgRSmL66+bN8klk1UZezQqdGEI9El7GFOLsdbjrqbHr15wc8BWTyEV+vLvDUzrrSUxT0UVjfmyxLxlmFQFqD5cm8JBFyIDSBZw5f/db4h2BwhGiVe0JVenuy/4alhSWTuLNNBdBLCaJq2KU1WXWlwwuVCE1EYM9/FHfJrzV8roP0hNfrz9Eak3fd9KRKR6PNL/Vr0QSnfs8vodqjM8dYypg2CDFV3s8EkuugT4uKcQNB7gnGzAtyKC7D7EbEkWiCIu0FvHQNAKX8BOpOjeAheWZsLf7IIG1BnG+d8UWE765Rbm0JuwgP9rZ5RYkAy0QF+/W9B8Jy0+k9oNfuQhEuEDwhh2OTrkvrEjE4iaD5iTfA8q/N0Yt174cflvjHlvNWyvLEE79C3Snvuas2Egbpmn+7CF4LhleE43hS5Lb2Hz6NZH922ZJSxVviSKxs92X34RXbGVVzNA23bLfgfYbzJHV7ItS9JyWwy9735th5htpEMh4obIbxP4nRYCRMIY32AaZOWD");
System.Reflection.Assembly.Load(b);
--%>
<html><body>Not found</body></html>
